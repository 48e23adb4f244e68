/**
 * `npm start` runs this before compiling anything: every port the local platform will listen on must
 * be free, or the start stops at once, saying which port and which variable moves it, and nothing is
 * written (another instance's deployment file stays as it is).
 */
import { platformPorts, unusablePorts } from "../dev/ports.ts";

const problems = await unusablePorts(platformPorts());
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
