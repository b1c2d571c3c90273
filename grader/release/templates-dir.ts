/** Where the release's templates live (templates/): one place, for the builder and the README generator. */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), "templates");
