const list = document.getElementById('todo-list');
const counter = document.querySelector('.counter');

function render(todos) {
  list.innerHTML = '';
  for (const todo of todos) {
    const li = document.createElement('li');
    li.textContent = todo.title;
    list.appendChild(li);
  }
  counter.innerHTML = `<span class="badge">${todos.length}</span>`;
}

render([]);
