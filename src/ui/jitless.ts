/**
 * Turns zod's JIT off for the page. Zod compiles parsers with `new Function` after probing
 * whether it may; the page's Content-Security-Policy forbids it, and the probe alone is
 * reported as a violation. Schemas read the setting when they are built, at import, so
 * the page's entry imports this module before anything else.
 */
import { z } from "zod";

z.config({ jitless: true });
