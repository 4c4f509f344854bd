import DOMPurify from 'dompurify';

const container = document.querySelector('#widget');
const TRUSTED_ORIGIN = 'https://widgets.example.com';

window.addEventListener('message', (event) => {
  if (event.origin !== TRUSTED_ORIGIN) {
    return;
  }
  const { type, html } = event.data;
  if (type === 'render') {
    container.innerHTML = DOMPurify.sanitize(html);
  }
});
