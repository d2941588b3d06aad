import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { emailSchema, type Role } from "@/lib/auth/config";
import { hashPassword, PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import type { AuthUser } from "@/lib/auth/types";

/** Creates an account; the email is normalised to lower case and must be unused. */
export async function createUser(db: Db, options: { email: string; password: string; role: Role }): Promise<AuthUser> {
  const email = emailSchema.parse(options.email);
  if (options.password.length < PASSWORD_MIN_LENGTH) {
    throw new AppError("bad_request", `password: at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  const passwordHash = await hashPassword(options.password);
  try {
    const user = await db.appUser.create({ data: { email, passwordHash, role: options.role } });
    return { id: user.id, email: user.email, role: user.role as Role };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "An account with this email already exists");
    }
    throw error;
  }
}
