// cwe: CWE-79
const container = document.querySelector('#widget');

window.addEventListener('message', (event) => {
  const { type, html } = event.data;
  if (type === 'render') {
    container.innerHTML = html;
  }
});
