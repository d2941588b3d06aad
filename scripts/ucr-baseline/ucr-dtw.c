/*
 * A baseline for the search engine: 1-NN subsequence search under z-normalised DTW or Euclidean distance by the
 * method of the UCR Suite (Rakthanmanon et al., "Searching and Mining Trillions of Time Series Subsequences under
 * Dynamic Time Warping", KDD 2012), written from the paper for this benchmark, with the data held in memory:
 *   - every window z-normalised on the fly from running sums (no normalised copy of the data);
 *   - the query z-normalised and visited in order of decreasing |q| (its large terms abandon a window soonest);
 *   - DTW in a Sakoe-Chiba band of r points, through the cascade LB_Kim (first and last points, then the second
 *     and third at each end) -> LB_Keogh on the query's envelope -> LB_Keogh on the window's envelope (roles
 *     reversed) -> early-abandoning DTW that adds the tighter LB_Keogh's remaining terms to each row's minimum;
 *   - the Euclidean variant (UCR_ED): early-abandoning squared distance in the same query order.
 * Windows never cross a ticker (the engine's rule) nor a missing value: each run of finite values of a ticker is
 * searched as its own series.
 *
 *   ucr-dtw <values.f64> <offsets.i32>
 * values: the series as little-endian float64 (NaN = missing), offsets: int32 ticker starts plus the end.
 * Reads one query a line from stdin, "dtw|ed <m> <r> <q_0> ... <q_m-1>", and answers "<distance> <ticker> <start>
 * <wall ms> <cpu ms>": the best window's sqrt(sum of squares / m) (the engine's scale) and the search time alone.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double *values;
static int *offsets, tickers, longest;

/* per query */
static int m, r;
static double *q, *qo, *uo, *lo; /* query, and in visiting order: query, its upper and lower envelope */
static int *order;
/* per window */
static double *tz, *cb, *cb1, *cb2, *row, *prevRow;
/* per run: the raw series' envelope */
static double *envU, *envL;
static int *dequeU, *dequeL;

static double best; /* best sum of squares so far */
static int bestTicker, bestStart;

static double sq(double x) { return x * x; }
static double min2(double a, double b) { return a < b ? a : b; }

static int byAbsDescending(const void *a, const void *b) {
  double x = fabs(q[*(const int *)a]), y = fabs(q[*(const int *)b]);
  return x < y ? 1 : x > y ? -1 : *(const int *)a - *(const int *)b;
}

/* max / min of x over [i - w, i + w] for every i, with monotone deques (Lemire's streaming envelope). */
static void envelope(const double *x, int n, int w, double *upper, double *lower) {
  int uh = 0, ut = 0, lh = 0, lt = 0;
  for (int i = 0; i < n + w; i++) {
    if (i < n) {
      while (ut > uh && x[dequeU[ut - 1]] <= x[i]) ut--;
      dequeU[ut++] = i;
      while (lt > lh && x[dequeL[lt - 1]] >= x[i]) lt--;
      dequeL[lt++] = i;
    }
    int c = i - w; /* the centre whose window [c - w, c + w] is now complete */
    if (c < 0) continue;
    while (dequeU[uh] < c - w) uh++;
    while (dequeL[lh] < c - w) lh++;
    upper[c] = x[dequeU[uh]];
    lower[c] = x[dequeL[lh]];
  }
}

/* LB_Kim: the path's first and last cells, then its cheapest cell at distance 1 and 2 from each corner. */
static double lbKim(const double *x, double mean, double inv) {
  double x0 = (x[0] - mean) * inv, y0 = (x[m - 1] - mean) * inv;
  double lb = sq(x0 - q[0]) + sq(y0 - q[m - 1]);
  if (lb >= best || m < 6) return lb;
  double x1 = (x[1] - mean) * inv, y1 = (x[m - 2] - mean) * inv;
  lb += min2(min2(sq(x1 - q[0]), sq(x0 - q[1])), sq(x1 - q[1]));
  if (lb >= best) return lb;
  lb += min2(min2(sq(y1 - q[m - 1]), sq(y0 - q[m - 2])), sq(y1 - q[m - 2]));
  if (lb >= best) return lb;
  double x2 = (x[2] - mean) * inv, y2 = (x[m - 3] - mean) * inv;
  lb += min2(min2(min2(sq(x0 - q[2]), sq(x1 - q[2])), min2(sq(x2 - q[2]), sq(x2 - q[1]))), sq(x2 - q[0]));
  if (lb >= best) return lb;
  lb += min2(min2(min2(sq(y0 - q[m - 3]), sq(y1 - q[m - 3])), min2(sq(y2 - q[m - 3]), sq(y2 - q[m - 2]))), sq(y2 - q[m - 1]));
  return lb;
}

/* LB_Keogh of the window against the query's envelope, in query order; normalises the window into tz. */
static double lbKeoghQuery(const double *x, double mean, double inv) {
  double lb = 0;
  for (int k = 0; k < m && lb < best; k++) {
    int j = order[k];
    double c = (x[j] - mean) * inv, e = c > uo[k] ? sq(c - uo[k]) : c < lo[k] ? sq(c - lo[k]) : 0;
    tz[j] = c;
    cb1[j] = e;
    lb += e;
  }
  return lb;
}

/* LB_Keogh the other way round: the query against the window's envelope (eu, el: the raw envelope at the window). */
static double lbKeoghData(const double *eu, const double *el, double mean, double inv) {
  double lb = 0;
  for (int k = 0; k < m && lb < best; k++) {
    int j = order[k];
    double u = (eu[j] - mean) * inv, l = (el[j] - mean) * inv, e = qo[k] > u ? sq(qo[k] - u) : qo[k] < l ? sq(qo[k] - l) : 0;
    cb2[j] = e;
    lb += e;
  }
  return lb;
}

/* Banded DTW of q (rows) and tz (columns), abandoned once a row's minimum plus cb's remaining terms reach best. */
static double dtw(void) {
  for (int j = 0; j < m; j++) row[j] = prevRow[j] = INFINITY;
  for (int i = 0; i < m; i++) {
    int jLo = i - r > 0 ? i - r : 0, jHi = i + r < m - 1 ? i + r : m - 1;
    double rowMin = INFINITY;
    if (jLo > 0) row[jLo - 1] = INFINITY;
    for (int j = jLo; j <= jHi; j++) {
      double from = i == 0 && j == 0 ? 0 : prevRow[j];
      if (j > 0) from = min2(from, min2(prevRow[j - 1], row[j - 1]));
      row[j] = from + sq(q[i] - tz[j]);
      rowMin = min2(rowMin, row[j]);
    }
    if (i + r < m - 1 && rowMin + cb[i + r + 1] >= best) return INFINITY;
    double *t = prevRow;
    prevRow = row;
    row = t;
  }
  return prevRow[m - 1];
}

static double euclid(const double *x, double mean, double inv) {
  double d = 0;
  for (int k = 0; k < m && d < best; k++) d += sq((x[order[k]] - mean) * inv - qo[k]);
  return d;
}

/* One run of n finite values starting at x (position start of the ticker). */
static void searchRun(const double *x, int n, int ticker, int start, int useDtw) {
  if (n < m) return;
  if (useDtw) envelope(x, n, r, envU, envL);
  double sum = 0, sumSq = 0;
  for (int i = 0; i < n; i++) {
    sum += x[i];
    sumSq += x[i] * x[i];
    if (i < m - 1) continue;
    int a = i - m + 1; /* the window x[a .. i] */
    double mean = sum / m, variance = sumSq / m - mean * mean;
    sum -= x[a];
    sumSq -= x[a] * x[a];
    if (!(variance > 1e-12)) continue; /* a flat window has no shape */
    double inv = 1 / sqrt(variance), d;
    const double *w = x + a;
    if (!useDtw) {
      d = euclid(w, mean, inv);
    } else {
      if (lbKim(w, mean, inv) >= best) continue;
      double lbq = lbKeoghQuery(w, mean, inv);
      if (lbq >= best) continue;
      double lbc = lbKeoghData(envU + a, envL + a, mean, inv);
      if (lbc >= best) continue;
      const double *terms = lbq > lbc ? cb1 : cb2;
      cb[m] = 0;
      for (int j = m - 1; j >= 0; j--) cb[j] = cb[j + 1] + terms[j];
      d = dtw();
    }
    if (d < best) {
      best = d;
      bestTicker = ticker;
      bestStart = start + a;
    }
  }
}

static void search(int useDtw) {
  best = INFINITY;
  bestTicker = bestStart = -1;
  for (int t = 0; t < tickers; t++) {
    int a = offsets[t], b = offsets[t + 1];
    for (int i = a; i < b;) {
      while (i < b && !isfinite(values[i])) i++;
      int s = i;
      while (i < b && isfinite(values[i])) i++;
      searchRun(values + s, i - s, t, s - a, useDtw);
    }
  }
}

static void *readAll(const char *path, long *bytes) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *p = malloc(*bytes > 0 ? *bytes : 1);
  if (fread(p, 1, *bytes, f) != (size_t)*bytes) p = NULL;
  fclose(f);
  return p;
}

static double msSince(clockid_t clock, const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(clock, &t1);
  return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

int main(int argc, char **argv) {
  long vb, ob;
  if (argc != 3 || !(values = readAll(argv[1], &vb)) || !(offsets = readAll(argv[2], &ob))) {
    fprintf(stderr, "usage: ucr-dtw <values.f64> <offsets.i32>\n");
    return 2;
  }
  tickers = (int)(ob / 4) - 1;
  for (int t = 0; t < tickers; t++)
    if (offsets[t + 1] - offsets[t] > longest) longest = offsets[t + 1] - offsets[t];
  envU = malloc(sizeof(double) * (longest + 1));
  envL = malloc(sizeof(double) * (longest + 1));
  dequeU = malloc(sizeof(int) * (longest + 1));
  dequeL = malloc(sizeof(int) * (longest + 1));
  static char line[1 << 16];
  while (fgets(line, sizeof line, stdin)) {
    char mode[8];
    int used;
    if (sscanf(line, "%7s %d %d%n", mode, &m, &r, &used) != 3 || m < 2) break;
    double *buf = malloc(sizeof(double) * (12 * m + 1));
    q = buf, qo = q + m, uo = qo + m, lo = uo + m, tz = lo + m, cb = tz + m, cb1 = cb + m + 1, cb2 = cb1 + m;
    row = cb2 + m, prevRow = row + m;
    double *upper = prevRow + m, *lower = upper + m;
    order = malloc(sizeof(int) * m);
    const char *p = line + used;
    for (int i = 0; i < m; i++) q[i] = strtod(p, (char **)&p);

    struct timespec w0, c0;
    clock_gettime(CLOCK_MONOTONIC, &w0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    /* the query's preparation is part of the search, as in the Suite */
    double s = 0, s2 = 0;
    for (int i = 0; i < m; i++) s += q[i], s2 += q[i] * q[i];
    double mean = s / m, sd = sqrt(fmax(0, s2 / m - mean * mean));
    for (int i = 0; i < m; i++) q[i] = sd > 1e-12 ? (q[i] - mean) / sd : 0;
    int useDtw = strcmp(mode, "dtw") == 0;
    for (int i = 0; useDtw && i < m; i++) {
      upper[i] = -INFINITY, lower[i] = INFINITY;
      for (int j = i - r > 0 ? i - r : 0; j <= i + r && j < m; j++) upper[i] = fmax(upper[i], q[j]), lower[i] = fmin(lower[i], q[j]);
    }
    for (int i = 0; i < m; i++) order[i] = i;
    qsort(order, m, sizeof(int), byAbsDescending);
    for (int k = 0; k < m; k++) {
      qo[k] = q[order[k]];
      if (useDtw) uo[k] = upper[order[k]], lo[k] = lower[order[k]];
    }
    search(useDtw);
    double wall = msSince(CLOCK_MONOTONIC, &w0), cpu = msSince(CLOCK_PROCESS_CPUTIME_ID, &c0);
    printf("%.9g %d %d %.3f %.3f\n", sqrt(best / m), bestTicker, bestStart, wall, cpu);
    fflush(stdout);
    free(buf);
    free(order);
  }
  return 0;
}
