import { describe, expect, it } from "vitest";
import { describeSwitch } from "@/lib/chart/sequence-letters";

describe("describeSwitch", () => {
  it("says what the letters mean after a switch and what was re-lettered", () => {
    expect(describeSwitch(["G", "G", "G", "R"], "change")).toBe("Now colouring by change vs previous close: G = up on the previous close, R = a drop of more than 7%.");
    expect(describeSwitch(["G", "D", "R"], "change")).toBe(
      "Now colouring by change vs previous close: G = up on the previous close, O = a drop of up to 7%, R = a drop of more than 7%. 1 doji became orange.",
    );
    expect(describeSwitch(["O", "G"], "candle")).toBe("Now colouring by close vs open: R = close below open, G = close above open. 1 orange became red.");
  });
});
