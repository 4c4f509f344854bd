(function () {
  var campaign = decodeURIComponent(window.location.hash.substring(1));
  var banner = document.createElement('div');
  banner.className = 'banner';
  banner.textContent = 'Welcome from ' + campaign;
  document.body.appendChild(banner);
})();
