const params = new URLSearchParams(window.location.search);
const callbackName = params.get('callback');
const CALLBACKS = { reload: () => window.location.reload(), poll: () => fetch('/api/status') };

function scheduleRefresh() {
  const callback = CALLBACKS[callbackName];
  if (callback) {
    setTimeout(callback, 5000);
  }
}

document.addEventListener('DOMContentLoaded', scheduleRefresh);
