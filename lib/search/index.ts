export { buildIndex } from "@/lib/search/build-index";
export { fromDayNumber, toDayNumber } from "@/lib/search/dates";
export { PRESETS, PRESET_NAMES, samplePreset, type Preset, type PresetName } from "@/lib/search/presets";
export * from "@/lib/search/request-schema";
export { searchPatterns, DEFAULT_TUNING, type SearchTuning } from "@/lib/search/search-patterns";
export { SearchInputError } from "@/lib/search/search-input-error";
export type { Match, Outcomes, SearchIndex, SearchResult, TickerColumns } from "@/lib/search/types";
