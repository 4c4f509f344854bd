// cwe: CWE-79
const params = new URLSearchParams(location.search);
const query = params.get('q') || '';
const heading = document.getElementById('results-heading');

function renderHeading(term) {
  const markup = `<h2>Results for <em>${term}</em></h2>`;
  heading.innerHTML = markup;
}

renderHeading(query);
