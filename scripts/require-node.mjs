// Every npm entry point runs this first, in plain JavaScript so that any Node can run it: the project's
// TypeScript runs on Node's own type stripping and Hardhat 3 needs Node 22.13 or newer. On an older
// Node it says what to do, instead of failing later with ERR_UNKNOWN_FILE_EXTENSION ".ts".
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(
    `StreamSpace needs Node 22.13 or newer; this is Node ${process.versions.node}.\n` +
      "Install Node 22 (it comes from the npm registry):\n\n" +
      "  npm install -g --prefix /usr/local node@22\n\n" +
      "then run `npm ci` again (under Node 22) and this command.",
  );
  process.exit(1);
}
