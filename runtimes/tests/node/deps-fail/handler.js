// Test fixture: a dependency declared in package.json but not vendored.
const leftPad = require('left-pad');
module.exports = async () => leftPad('7', 3, '0');
