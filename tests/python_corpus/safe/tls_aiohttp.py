import asyncio

import aiohttp


async def fetch_all(urls):
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        results = []
        for url in urls:
            async with session.get(url) as resp:
                results.append(await resp.text())
        return results


if __name__ == "__main__":
    print(asyncio.run(fetch_all(["https://internal.example.com/health"])))
