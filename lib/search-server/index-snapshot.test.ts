import { describe, expect, it } from "vitest";
import { DEFAULT_SNAPSHOT_DIR, indexSnapshotDir } from "@/lib/search-server/index-snapshot";

describe("index snapshot folder", () => {
  it("is ./data/search-index in a production server unless set, none in dev and tests, and off when asked", () => {
    expect(indexSnapshotDir({ NODE_ENV: "production", SEARCH_INDEX_SNAPSHOT_DIR: undefined })).toBe(DEFAULT_SNAPSHOT_DIR);
    expect(indexSnapshotDir({ NODE_ENV: "test", SEARCH_INDEX_SNAPSHOT_DIR: undefined })).toBeUndefined();
    expect(indexSnapshotDir({ NODE_ENV: undefined, SEARCH_INDEX_SNAPSHOT_DIR: undefined })).toBeUndefined();
    expect(indexSnapshotDir({ NODE_ENV: "production", SEARCH_INDEX_SNAPSHOT_DIR: "off" })).toBeUndefined();
    expect(indexSnapshotDir({ NODE_ENV: "development", SEARCH_INDEX_SNAPSHOT_DIR: "/var/cache/ps" })).toBe("/var/cache/ps");
  });
});
