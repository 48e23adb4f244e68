import type { AddressInfo } from "node:net";

// @ts-expect-error s3rver ships no types
import S3rver from "s3rver";

/**
 * Object storage for local runs and tests: s3rver (a Node implementation of the S3 API) on 127.0.0.1,
 * keeping objects under `dir`, with the masters bucket created and the same CORS rule as production's
 * (browsers PUT parts from the dapp's origin and read each part's ETag), and any other buckets asked for
 * (the recommendation model's).
 */
const CORS = `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export async function startLocalS3({ dir, bucket, otherBuckets = [], port = 0 }: { dir: string; bucket: string; otherBuckets?: string[]; port?: number }) {
  const server = new S3rver({ port, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [CORS] }, ...otherBuckets.map((name) => ({ name, configs: [] }))] });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    close: () => server.close() as Promise<void>,
  };
}
