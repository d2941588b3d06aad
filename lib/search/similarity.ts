/**
 * The similarity shown with a match: 1 - distance, clamped to [0, 1]. Distances are the RMS gap between the
 * z-normalised window and the query (or its best warp), in units of the window's own standard deviation, so
 * 0.9 reads "strays from the shape by a tenth of its swing". (1 - d^2 / 2, the correlation, put every
 * useful match between 98% and 100%.)
 */
export function similarityOf(distance: number): number {
  return Math.round(Math.max(0, Math.min(1, 1 - distance)) * 1e4) / 1e4;
}
