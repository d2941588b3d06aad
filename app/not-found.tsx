import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonPrimary } from "@/components/ui/button-styles";

export default function NotFound() {
  return (
    <EmptyState title="Page not found" action={<Link href="/" className={buttonPrimary}>Back to markets</Link>}>
      There is nothing at this address.
    </EmptyState>
  );
}
