// cwe: CWE-95
const params = new URLSearchParams(window.location.search);
const callbackName = params.get('callback');

function scheduleRefresh() {
  setTimeout(callbackName + '()', 5000);
}

document.addEventListener('DOMContentLoaded', scheduleRefresh);
