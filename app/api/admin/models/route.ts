import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { listModelVersions } from "@/lib/model/list-model-versions";

export const GET = withAdmin(async () => ({ versions: await listModelVersions(db, { limit: 50 }) }));
