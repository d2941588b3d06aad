import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The pure cores: the search engine, the outcome statistics, the model code and the chart option builders take typed arrays and plain
 * values, so a CLI, a route, a worker thread or a test can run them. They import no UI framework, no server
 * framework, no database driver and touch no DOM; tests/architecture/purity-fence.test.ts shows the fence holds.
 */
const PURE_CORES = ["lib/search/**/*.ts", "lib/outcomes/**/*.ts", "ml/**/*.ts", "lib/chart/**/*.ts"];

const IMPURE_MODULES = [
  { group: ["react", "react/*", "react-dom", "react-dom/*"], message: "pure cores render nothing: keep React in components/." },
  { group: ["next", "next/*"], message: "pure cores are framework-free: keep Next in app/ and lib/api." },
  { group: ["@prisma/*", "@/lib/generated/*", "pg", "pg-boss", "@/lib/db", "@/lib/db/*"], message: "pure cores read no database: pass the data in as typed arrays." },
  { group: ["server-only"], message: "pure cores run anywhere (CLI, worker thread, test)." },
  { group: ["@/components/*", "@/app/*"], message: "pure cores sit below the UI and the routes." },
];

const DOM_GLOBALS = ["window", "document", "navigator", "localStorage", "sessionStorage", "HTMLElement", "location"].map((name) => ({
  name,
  message: "pure cores touch no DOM.",
}));

const config = [
  ...nextVitals,
  ...nextTs,
  {
    files: PURE_CORES,
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: IMPURE_MODULES }],
      "no-restricted-globals": ["error", ...DOM_GLOBALS],
    },
  },
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
