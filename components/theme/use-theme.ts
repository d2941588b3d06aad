"use client";

import { useCallback, useEffect, useSyncExternalStore } from "react";
import type { ChartTheme } from "@/lib/chart/palette";

export const THEME_STORAGE_KEY = "patternscope-theme";

function readTheme(): ChartTheme {
  return document.documentElement.classList.contains("dark") ? "dark" : "light";
}

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}

export function applyTheme(theme: ChartTheme) {
  const el = document.documentElement;
  el.classList.toggle("dark", theme === "dark");
  el.style.colorScheme = theme;
}

/** The theme on <html> (set before paint by ThemeScript), kept in sync with the toggle and, if no choice is stored, the system. */
export function useTheme(): { theme: ChartTheme; setTheme: (t: ChartTheme) => void } {
  const theme = useSyncExternalStore(subscribe, readTheme, () => "light" as ChartTheme);

  useEffect(() => {
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const onSystem = () => {
      if (!localStorage.getItem(THEME_STORAGE_KEY)) applyTheme(media.matches ? "dark" : "light");
    };
    media.addEventListener("change", onSystem);
    return () => media.removeEventListener("change", onSystem);
  }, []);

  const setTheme = useCallback((t: ChartTheme) => {
    try {
      localStorage.setItem(THEME_STORAGE_KEY, t);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    applyTheme(t);
  }, []);

  return { theme, setTheme };
}
