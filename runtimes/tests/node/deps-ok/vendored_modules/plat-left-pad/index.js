module.exports = (s, n, c) => String(s).padStart(n, c);
