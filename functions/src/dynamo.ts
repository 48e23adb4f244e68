import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";

/**
 * Whether a DynamoDB write was refused by its condition (the item was already there, the lease is
 * someone else's): the expected outcome of a conditional write, as opposed to a failure.
 */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as Error | undefined)?.name === "ConditionalCheckFailedException";
}
