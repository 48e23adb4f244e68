/**
 * Which payout account a holder is paid to: the holder's Stripe connected account (`acct_...`), linked
 * once by the onboarding flow (docs/functions.md) and looked up by the payouts keeper. One item per
 * wallet (lower-case address) in the `PayoutAccounts` table.
 */
import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Address } from "viem";

export const PAYOUT_ACCOUNTS_TABLE: Omit<CreateTableCommandInput, "TableName"> = {
  AttributeDefinitions: [{ AttributeName: "owner", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "owner", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
};

/** Stripe's connected account ids: `acct_` and letters or digits. */
const STRIPE_ACCOUNT = /^acct_[A-Za-z0-9]{1,64}$/;

export class PayoutAccountStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.db = DynamoDBDocumentClient.from(client);
    this.table = table;
  }

  async accountOf(owner: Address): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { owner: owner.toLowerCase() }, ConsistentRead: true }));
    return Item?.account as string | undefined;
  }

  /** Links (or re-links) a wallet to its connected account; the onboarding flow calls this once Stripe confirmed the account. */
  async link(owner: Address, account: string): Promise<void> {
    if (!STRIPE_ACCOUNT.test(account)) throw new Error(`not a Stripe connected account id: ${account}`);
    await this.db.send(new PutCommand({ TableName: this.table, Item: { owner: owner.toLowerCase(), account, linkedAt: Date.now() } }));
  }
}
