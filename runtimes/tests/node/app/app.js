// Test fixture: a (req, res) listener in app.js instead of handler.js.
module.exports = (req, res) => {
  if (req.url.startsWith('/hi')) {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ mode: 'app', method: req.method }));
    return;
  }
  res.statusCode = 404;
  res.end('not found');
};
