type Notice = { title: string; message: string };

function showNotice(notice: Notice) {
  const list = document.getElementById('notices')!;
  const item = document.createElement('li');
  const title = document.createElement('b');
  title.textContent = notice.title;
  item.append(title, ' ', notice.message);
  list.appendChild(item);
}

const raw = new URL(window.location.href).searchParams.get('notice');
if (raw) {
  showNotice(JSON.parse(raw));
}
