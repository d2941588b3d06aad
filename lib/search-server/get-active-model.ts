import { tf, initBackend } from "@/ml/backend";
import { AppError } from "@/lib/errors/app-error";
import type { Db } from "@/lib/db/client";
import { loadModelVersion } from "@/lib/model/load-model-version";
import { modelHolder, type ActiveModel } from "@/lib/search-server/model-holder";

let warnedBackend = false;

/** How long a replaced model stays usable: past the longest search deadline (SEARCH_DEADLINE_MS, 20 s by default). */
const RETIRED_MODEL_MS = 120_000;

/** The error every model feature answers when no version is active (409: the request is fine, the state is not). */
export function noActiveModelError(): AppError {
  return new AppError("conflict", "No active model version: train one with `npm run train` or from the admin Settings page, then activate it.", {
    hint: "npm run train",
  });
}

/**
 * The active model version, loaded once per process and reloaded when another version becomes active. The
 * active id is read on every call (one indexed row), so an activation from the settings page takes effect on
 * the next request. Returns null when no ready version is active.
 */
export async function getActiveModel(db: Db): Promise<ActiveModel | null> {
  const holder = modelHolder(db);
  const active = await activeModelVersion(db);
  if (!active) return null;
  if (holder.model?.id === active.id) return holder.model;
  if (holder.loadingModel?.id !== active.id) {
    const promise = (async () => {
      await initBackend();
      // wasm is what makes inference and matMul + topk fast; the cpu fallback works but is ~20x slower.
      if (tf.getBackend() !== "wasm" && !warnedBackend) {
        warnedBackend = true;
        console.warn(`[model] tfjs backend is ${tf.getBackend()}, not wasm: model search and scans will be slow`);
      }
      const loaded = await loadModelVersion(db, { id: active.id });
      if (!loaded) throw noActiveModelError();
      const previous = holder.model;
      holder.model = { ...loaded, name: active.name };
      // A scan classifies in slices with awaits between them, so it may still hold the old model: freed once
      // every search that started with it has passed its deadline.
      if (previous && previous.id !== loaded.id) setTimeout(() => previous.model.dispose(), RETIRED_MODEL_MS).unref();
      return holder.model;
    })().finally(() => {
      if (holder.loadingModel?.promise === promise) holder.loadingModel = undefined;
    });
    holder.loadingModel = { id: active.id, promise };
  }
  return holder.loadingModel!.promise;
}

/** The active ready model version's id and name (one indexed row), or null. */
export async function activeModelVersion(db: Db): Promise<{ id: number; name: string } | null> {
  const rows = await db.$queryRaw<{ id: number; name: string }[]>`
    SELECT id, name FROM model_version WHERE is_active AND status = 'ready' LIMIT 1`;
  return rows[0] ?? null;
}
