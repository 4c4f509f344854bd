const params = new URLSearchParams(location.search);
const query = params.get('q') || '';
const heading = document.getElementById('results-heading');

function renderHeading(term) {
  heading.innerHTML = '<h2>Results for <em></em></h2>';
  heading.querySelector('em').textContent = term;
}

renderHeading(query);
