# The kit's mock CTIPS as a container: `docker build -t ctips-kit-mock .`
# then `npx ctips-kit certify server --image ctips-kit-mock` (or run it and pass --target).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY schemas ./schemas
EXPOSE 8170
ENTRYPOINT ["node", "bin/ctips-kit.js", "mock", "--host", "0.0.0.0", "--port", "8170"]
