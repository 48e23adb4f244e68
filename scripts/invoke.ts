/**
 * `npm run invoke -- <name>`: runs one function of the running local platform now (through
 * serverless-offline's Lambda API, as the AWS SDK invokes it) and prints its result.
 */
import { FUNCTION_NAMES, type FunctionName, invokeFunction, lambdaClient } from "../dev/functions-offline.ts";

const name = process.argv[2] as FunctionName | undefined;
if (!name || !FUNCTION_NAMES.includes(name)) {
  console.error(`usage: npm run invoke -- <${FUNCTION_NAMES.join(" | ")}>   (with npm start running)`);
  process.exit(2);
}
const port = Number(process.env.STREAMSPACE_LAMBDA_PORT ?? 3002);
try {
  console.log(JSON.stringify(await invokeFunction(lambdaClient(port), name), null, 2));
} catch (error) {
  const message = (error as Error).message;
  console.error(/ECONNREFUSED|fetch failed/.test(message) ? `Nothing answers on port ${port}: is \`npm start\` running?` : message);
  process.exit(1);
}
