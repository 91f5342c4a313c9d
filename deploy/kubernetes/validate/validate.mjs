#!/usr/bin/env node
// Validates every document of the YAML files named on the command line against the schema of its apiVersion and kind
// (types, required fields, enumerations), offline: kubectl's own validation, even with --dry-run=client, asks a
// cluster's API server for the schemas. A kind this validator does not know is an error, not a pass.
// Usage: node validate.mjs FILE...; exits 1 and names each invalid document.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let invalid = 0;
let valid = 0;
for (const file of process.argv.slice(2)) {
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (document.errors.length > 0) {
      console.error(`${file}: not YAML: ${document.errors[0].message}`);
      invalid++;
      continue;
    }
    const resource = document.toJS();
    if (resource === null) {
      continue;
    }
    const where = `${file}: ${resource.kind} ${resource.metadata?.name}`;
    try {
      const kinds = await import(`kubernetes-models/${resource.apiVersion}`);
      if (typeof kinds[resource.kind] !== "function") {
        throw new Error(`no kind ${resource.kind} in ${resource.apiVersion}`);
      }
      new kinds[resource.kind](resource).validate();
      valid++;
    } catch (error) {
      console.error(`${where}: ${error.message}`);
      invalid++;
    }
  }
}
console.log(`${valid} valid, ${invalid} invalid`);
process.exit(invalid === 0 && valid > 0 ? 0 : 1);
