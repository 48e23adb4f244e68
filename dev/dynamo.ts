import type { AddressInfo } from "node:net";

import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";

import { TRANSACTIONS_TABLE } from "@streamspace/functions/chain/tx-store";
import { AUTH_NONCES_TABLE } from "@streamspace/functions/auth/siwe";
import { FILM_KEYS_TABLE } from "@streamspace/functions/content/film-keys";
import { UPLOADS_TABLE } from "@streamspace/functions/content/uploads";
import { RATE_LIMITS_TABLE } from "@streamspace/functions/http/rate-limit";
import { CARD_PAYMENTS_TABLE } from "@streamspace/functions/payments/card-payments";
import { PAYMENT_EVENTS_TABLE } from "@streamspace/functions/payments/inbox";
import { QUOTES_TABLE } from "@streamspace/functions/payments/quotes";
import { PAYOUT_ACCOUNTS_TABLE } from "@streamspace/functions/payouts/accounts";
import { PAYOUTS_TABLE } from "@streamspace/functions/payouts/provider";
import { RECEIPTS_TABLE } from "@streamspace/functions/receipts/receipt-store";

/**
 * DynamoDB for local runs and tests: dynalite (a Node implementation of DynamoDB's API) in-process on
 * 127.0.0.1, with the tables the functions use created from the same definitions serverless.yml
 * declares, and a client configured for it.
 */
/** The tables' names: the tests' short ones, or a stage's as serverless.yml names them. */
export interface TableNames {
  transactions: string;
  receipts: string;
  payouts: string;
  payoutAccounts: string;
  filmKeys: string;
  authNonces: string;
  rateLimits: string;
  uploads: string;
  quotes: string;
  paymentEvents: string;
  cardPayments: string;
}
export const TEST_TABLES: TableNames = {
  transactions: "Transactions",
  receipts: "DeliveryReceipts",
  payouts: "Payouts",
  payoutAccounts: "PayoutAccounts",
  filmKeys: "FilmKeys",
  authNonces: "AuthNonces",
  rateLimits: "RateLimits",
  uploads: "Uploads",
  quotes: "Quotes",
  paymentEvents: "PaymentEvents",
  cardPayments: "CardPayments",
};
export const stageTables = (stage: string): TableNames => ({
  transactions: `streamspace-${stage}-transactions`,
  receipts: `streamspace-${stage}-delivery-receipts`,
  payouts: `streamspace-${stage}-payouts`,
  payoutAccounts: `streamspace-${stage}-payout-accounts`,
  filmKeys: `streamspace-${stage}-film-keys`,
  authNonces: `streamspace-${stage}-auth-nonces`,
  rateLimits: `streamspace-${stage}-rate-limits`,
  uploads: `streamspace-${stage}-uploads`,
  quotes: `streamspace-${stage}-quotes`,
  paymentEvents: `streamspace-${stage}-payment-events`,
  cardPayments: `streamspace-${stage}-card-payments`,
});

export async function startLocalDynamo(port = 0, tables: TableNames = TEST_TABLES) {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  await client.send(new CreateTableCommand({ TableName: tables.transactions, ...TRANSACTIONS_TABLE }));
  await client.send(new CreateTableCommand({ TableName: tables.receipts, ...RECEIPTS_TABLE }));
  await client.send(new CreateTableCommand({ TableName: tables.payouts, ...PAYOUTS_TABLE }));
  await client.send(new CreateTableCommand({ TableName: tables.payoutAccounts, ...PAYOUT_ACCOUNTS_TABLE }));
  await client.send(new CreateTableCommand({ TableName: tables.filmKeys, ...FILM_KEYS_TABLE }));
  await client.send(new CreateTableCommand({ TableName: tables.authNonces, ...AUTH_NONCES_TABLE }));
  await client.send(new CreateTableCommand({ TableName: tables.rateLimits, ...RATE_LIMITS_TABLE }));
  await client.send(new CreateTableCommand({ TableName: tables.uploads, ...UPLOADS_TABLE }));
  await client.send(new CreateTableCommand({ TableName: tables.quotes, ...QUOTES_TABLE }));
  await client.send(new CreateTableCommand({ TableName: tables.paymentEvents, ...PAYMENT_EVENTS_TABLE }));
  await client.send(new CreateTableCommand({ TableName: tables.cardPayments, ...CARD_PAYMENTS_TABLE }));
  return {
    endpoint,
    client,
    tables,
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
