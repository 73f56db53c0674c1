// Test fixture: a vendored dependency (kept as vendored_modules/ in git, node_modules/ in the build).
const leftPad = require('plat-left-pad');
module.exports = async (req) => ({ padded: leftPad('7', 3, '0') });
