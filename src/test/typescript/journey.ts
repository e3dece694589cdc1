// A buyer's journey through the TypeScript client generated from Guichet's contract
// (typescript-fetch): every answer read through the typed methods, errors as typed problems.
// Usage: node journey.js <base URL>
import { Configuration, ShopApi } from "../../../target/generated-clients/typescript";

async function main(): Promise<void> {
  const base = process.argv[2];
  if (!base) {
    throw new Error("usage: node journey.js <base URL>");
  }
  const shop = new ShopApi(new Configuration({ basePath: base }));
  await shop.shopListEvents({ pos: "web" });
  console.log("journey done");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
