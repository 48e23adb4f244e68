import type { AddressInfo } from "node:net";

import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";

import { TRANSACTIONS_TABLE } from "@streamspace/functions/chain/tx-store";
import { PAYOUTS_TABLE } from "@streamspace/functions/payouts/provider";
import { RECEIPTS_TABLE } from "@streamspace/functions/receipts/receipt-store";

/**
 * DynamoDB for local runs and tests: dynalite (a Node implementation of DynamoDB's API) in-process on
 * 127.0.0.1, with the tables the functions use created from the same definitions serverless.yml
 * declares, and a client configured for it.
 */
export async function startLocalDynamo(port = 0) {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  await client.send(new CreateTableCommand({ TableName: "Transactions", ...TRANSACTIONS_TABLE }));
  await client.send(new CreateTableCommand({ TableName: "DeliveryReceipts", ...RECEIPTS_TABLE }));
  await client.send(new CreateTableCommand({ TableName: "Payouts", ...PAYOUTS_TABLE }));
  return {
    endpoint,
    client,
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
