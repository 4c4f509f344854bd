// cwe: CWE-338
function generateApiKey() {
  return 'sk_' + [...Array(40)].map(() => Math.floor(Math.random() * 16).toString(16)).join('');
}

module.exports = { generateApiKey };
