// A Plat function. handle(req) is called for every request, whatever the method and path.
//
// req.method, req.path, req.query (object), req.headers (object, lower-case keys),
// req.body (Buffer), req.json() (parsed JSON body, null if empty), req.text().
//
// Return a string, a Buffer, an object/array (sent as JSON), undefined (204), or
// { status, headers, body } to choose the status and headers. A thrown error becomes a 500.
// Dependencies: vendor them in node_modules/ (run `npm install --omit=dev` here before deploying).
// console.log / console.error: `plat logs -f` shows it.

module.exports = async function handle(req) {
  if (req.method === 'POST') {
    return { received: req.json() };
  }
  const name = req.query.name || 'world';
  return `Hello, ${name}!\n`;
};
