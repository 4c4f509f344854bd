document.addEventListener('DOMContentLoaded', () => {
  const params = new URLSearchParams(window.location.search);
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/home';
  document.getElementById('continue').addEventListener('click', () => {
    window.location.href = target;
  });
});
