# The media worker's image (ECS on Fargate, docs/deployment.md). Build from the repository root after
# `node scripts/functions/build.ts`:
#   docker build -f functions/media-worker.Dockerfile -t streamspace-media-worker .
FROM node:22-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends ffmpeg \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# One self-contained bundle (the AWS SDK included).
COPY functions/dist/media-worker.mjs ./
USER node
ENV NODE_ENV=production NODE_OPTIONS=--enable-source-maps
CMD ["node", "media-worker.mjs"]
