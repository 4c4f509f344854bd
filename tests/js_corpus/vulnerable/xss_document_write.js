// cwe: CWE-79
(function () {
  var campaign = decodeURIComponent(window.location.hash.substring(1));
  document.write('<div class="banner">Welcome from ' + campaign + '</div>');
})();
