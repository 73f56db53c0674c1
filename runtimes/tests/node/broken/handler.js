module.exports = async (req) => {
  return 'missing brace';
