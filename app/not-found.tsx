import type { Metadata } from "next";
import { StatusPage } from "@/components/layout/status-page";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <StatusPage code={404} title="Page not found" testId="not-found" links={[{ href: "/", label: "Back to markets" }, { href: "/search", label: "Search patterns" }]}>
      <p>There is nothing at this address. Check the link, or start from the markets.</p>
    </StatusPage>
  );
}
