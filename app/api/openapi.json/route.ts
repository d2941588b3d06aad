import { withHandler } from "@/lib/api/with-handler";
import { openApiSpec } from "@/lib/openapi/spec";

export const GET = withHandler(async () => openApiSpec);
