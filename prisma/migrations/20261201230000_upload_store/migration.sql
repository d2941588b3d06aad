-- Files uploaded on the Data page, kept until the import job (which may run in another pod) has read them.
CREATE TABLE "upload_file" (
    "id" SERIAL NOT NULL,
    "upload_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "upload_file_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "upload_file_upload_id_position_key" ON "upload_file"("upload_id", "position");

-- Each file in 1 MB pieces, so neither the web process nor the worker ever holds a whole upload.
CREATE TABLE "upload_chunk" (
    "file_id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "upload_chunk_pkey" PRIMARY KEY ("file_id", "seq")
);
ALTER TABLE "upload_chunk" ADD CONSTRAINT "upload_chunk_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "upload_file"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Uploads are imported by a job of their own kind.
ALTER TABLE "job" DROP CONSTRAINT "job_kind_check";
ALTER TABLE "job" ADD CONSTRAINT "job_kind_check" CHECK ("kind" IN ('train', 'reindex', 'refresh-prices', 'import'));
