// Test fixture: a vendored dependency in node_modules/.
const leftPad = require('plat-left-pad');
module.exports = async (req) => ({ padded: leftPad('7', 3, '0') });
