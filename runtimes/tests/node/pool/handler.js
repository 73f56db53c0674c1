// Test fixture for runtimes/test-runtimes.sh (pool mode): the env is read when the module loads,
// so a pool container must apply the spec's env before it loads the code.
const AT_LOAD = process.env.MY_VAR;

exports.handle = async (req) => ({
  at_load: AT_LOAD, user: process.env.MY_VAR, function: process.env.PLAT_FUNCTION,
  version: process.env.PLAT_VERSION, cwd: process.cwd(), method: req.method, path: req.path,
});
