import { StatusPage } from "@/components/layout/status-page";

export default function TickerNotFound() {
  return (
    <StatusPage code={404} title="Unknown ticker" testId="not-found" links={[{ href: "/", label: "Browse markets" }]}>
      <p>There is no ticker with this symbol. Check the spelling, or ask an admin to import its prices.</p>
    </StatusPage>
  );
}
