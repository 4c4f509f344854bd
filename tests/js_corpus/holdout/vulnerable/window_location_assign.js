// cwe: CWE-601
document.addEventListener('DOMContentLoaded', () => {
  const params = new URLSearchParams(window.location.search);
  const next = params.get('next');
  document.getElementById('continue').addEventListener('click', () => {
    window.location.href = next || '/home';
  });
});
