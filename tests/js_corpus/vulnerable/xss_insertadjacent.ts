// cwe: CWE-79
type Notice = { title: string; message: string };

function showNotice(notice: Notice) {
  const list = document.getElementById('notices')!;
  list.insertAdjacentHTML('beforeend', `<li><b>${notice.title}</b> ${notice.message}</li>`);
}

const raw = new URL(window.location.href).searchParams.get('notice');
if (raw) {
  showNotice(JSON.parse(raw));
}
