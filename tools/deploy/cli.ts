/** `npm run deploy:functions`: the functions' release step (tools/deploy/functions.ts). */
import { main } from "./functions";

main(process.argv.slice(2)).then((code) => process.exit(code), (e: Error) => {
    console.error(`deploy:functions: ${e.message}`);
    process.exit(1);
});
