/**
 * A card with a titled part of a page: the heading names the section for screen readers (aria-labelledby),
 * `description` says what it is for, and `aside` sits beside the heading (a count, a filter).
 */
export function Section({
  id,
  title,
  description,
  aside,
  children,
}: {
  id: string;
  title: React.ReactNode;
  description?: React.ReactNode;
  aside?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section className="rounded-xl border border-border bg-surface p-5" aria-labelledby={id}>
      <div className={`flex flex-wrap items-center gap-x-3 gap-y-2 ${description ? "mb-1" : "mb-3"}`}>
        <h2 id={id} className="font-semibold">
          {title}
        </h2>
        {aside}
      </div>
      {description && <div className="mb-4 text-sm text-muted">{description}</div>}
      {children}
    </section>
  );
}
