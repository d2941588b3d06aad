import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonPrimary } from "@/components/ui/button-styles";

export default function TickerNotFound() {
  return (
    <EmptyState title="Unknown ticker" action={<Link href="/" className={buttonPrimary}>Browse markets</Link>}>
      There is no ticker with this symbol. Check the spelling, or import its prices first.
    </EmptyState>
  );
}
