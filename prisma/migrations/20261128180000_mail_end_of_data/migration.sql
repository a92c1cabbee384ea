-- When the end-of-data mark was about to be sent: a mail without it was never handed to the SMTP server.
ALTER TABLE "MailMessage" ADD COLUMN "endOfDataAt" TIMESTAMP(3);
